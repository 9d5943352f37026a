"""The local job-folder layout, in one place: the local source reads it, the runner, the launcher
and ``export`` write it.

::

    <jobs-dir>/<JobName>/job.json                   DescribeAutoMLJobV2 (or V1) response
    <jobs-dir>/<JobName>/candidates.json            {"Candidates": [...]} (ListCandidatesForAutoMLJob)
    <jobs-dir>/<JobName>/training-jobs/<name>.json  DescribeTrainingJob response per training step
    <jobs-dir>/<JobName>/processing-jobs/<name>.json, transform-jobs/<name>.json  (optional)
    <jobs-dir>/<JobName>/s3/<bucket>/<key>          the S3 objects the records point to
    <jobs-dir>/<JobName>/runner.json                the local runner's liveness marker (liveness.py)
"""

from __future__ import annotations

JOB_RECORD = "job.json"
CANDIDATES_RECORD = "candidates.json"
OBJECTS = "s3"

#: CandidateStepType -> the folder of its Describe* records
STEP_FOLDERS = {
    "AWS::SageMaker::TrainingJob": "training-jobs",
    "AWS::SageMaker::ProcessingJob": "processing-jobs",
    "AWS::SageMaker::TransformJob": "transform-jobs",
}
TRAINING_JOBS = STEP_FOLDERS["AWS::SageMaker::TrainingJob"]


def object_parts(job: str, bucket: str, key_parts) -> tuple[str, ...]:
    """The path parts (below the jobs folder) of the object ``s3://<bucket>/<key>`` of a job."""
    return (job, OBJECTS, bucket, *key_parts)
