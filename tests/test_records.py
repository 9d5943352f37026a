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
