"""Reading AWS records: the fields each job type keeps in its own place."""

from jupyter_autopilot import records


def test_the_target_column_of_each_kind_of_job():
    v1 = {"InputDataConfig": [{"TargetAttributeName": "churn"}]}
    tabular = {"AutoMLProblemTypeConfig": {"TabularJobConfig": {"TargetAttributeName": "price"}}}
    text = {"AutoMLProblemTypeConfig": {"TextClassificationJobConfig": {"TargetLabelColumn": "label"}}}
    # DescribeAutoMLJobV2 of a forecasting job: the target is inside its TimeSeriesConfig
    forecast = {
        "AutoMLProblemTypeConfig": {
            "TimeSeriesForecastingJobConfig": {
                "ForecastFrequency": "D",
                "ForecastHorizon": 14,
                "TimeSeriesConfig": {
                    "TargetAttributeName": "unit_sales",
                    "TimestampAttributeName": "date",
                    "ItemIdentifierAttributeName": "item_id",
                },
            }
        }
    }
    assert [records.target_attribute(r) for r in (v1, tabular, text, forecast)] == [
        "churn",
        "price",
        "label",
        "unit_sales",
    ]
    malformed = {"AutoMLProblemTypeConfig": {"TimeSeriesForecastingJobConfig": {"TimeSeriesConfig": "unit_sales"}}}
    assert records.target_attribute(malformed) is None and records.target_attribute({}) is None


def test_metric_names_of_training_jobs_take_the_standard_spelling():
    assert [records.standard_metric_name(n) for n in ("f1", "balancedaccuracy", "mse", "AUC", "f1macro")] == [
        "F1",
        "BalancedAccuracy",
        "MSE",
        "AUC",
        "F1macro",
    ]
    assert records.standard_metric_name("binary_f_beta") == "binary_f_beta"


def test_a_target_that_is_not_a_name_is_none_and_forecasting_jobs_are_known():
    assert records.target_attribute({"InputDataConfig": [{"TargetAttributeName": {"x": 1}}]}) is None
    assert records.target_attribute({"InputDataConfig": [{"TargetAttributeName": ""}]}) is None
    forecast = {"AutoMLProblemTypeConfig": {"TimeSeriesForecastingJobConfig": {"TimeSeriesConfig": {}}}}
    tabular = {"AutoMLProblemTypeConfig": {"TabularJobConfig": {"TargetAttributeName": "y"}}}
    assert records.is_forecasting(forecast) and not records.is_forecasting(tabular)
    assert not records.is_forecasting({"AutoMLProblemTypeConfig": "TimeSeriesForecastingJobConfig"})


def test_numbers_beyond_a_floats_range_are_missing_values():
    from jupyter_autopilot.jsonutil import number

    assert number(10**400) is None and number(-(10**400)) is None and number(10**20) == 1e20


def test_the_reports_evaluation_time_is_iso_utc_or_none():
    import json

    from jupyter_autopilot import artifacts

    def evaluated(value):
        doc = {"binary_classification_metrics": {}, "dataset": {"item_count": 10, "evaluation_time": value}}
        return artifacts.parse_statistics(json.dumps(doc).encode(), "s3://b/statistics.json")["evaluationTime"]

    assert evaluated("2023-03-30T21:08:34.729Z") == "2023-03-30T21:08:34.729000Z"
    assert evaluated("2023-03-30T23:08:34+02:00") == "2023-03-30T21:08:34Z"
    # a bare number is not seconds since 1970; junk, a number or nothing is no time
    assert [evaluated(v) for v in ("1", "yesterday", 1680210514, None, "")] == [None] * 5
