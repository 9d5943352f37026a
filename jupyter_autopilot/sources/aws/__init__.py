"""The AWS source: SageMaker and S3 records through boto3 (``source``), AWS errors mapped to
messages a person can act on (``errors``)."""

from .errors import is_not_found, map_aws_error
from .source import STEP_TYPES, AwsSource, objective_direction

__all__ = ["STEP_TYPES", "AwsSource", "is_not_found", "map_aws_error", "objective_direction"]
