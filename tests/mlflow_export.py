"""Read a crimecast run-store export back with MLflow.

    bench/.venv/bin/python tests/mlflow_export.py EXPORT.zip EXPECTED.json

Unpacks EXPORT.zip (an MLflow file store, mlruns/...) into a temporary folder, points MLflow
at it, and checks that `mlflow.search_runs(search_all_experiments=True)` lists every run of
EXPECTED.json (a list of {"run_id", "run_name", "params", "metrics"}) with exactly those params
and metrics. Exits non-zero with the difference otherwise. Run by tests/mlflow_export.rs.
"""

import json
import os
import sys
import tempfile
import warnings
import zipfile

warnings.filterwarnings("ignore")


def main():
    archive, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path) as f:
        expected = json.load(f)
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(archive) as z:
            bad = z.testzip()
            assert bad is None, f"corrupt entry {bad}"
            z.extractall(tmp)
        os.environ["MLFLOW_TRACKING_URI"] = "file://" + os.path.join(tmp, "mlruns")
        # MLflow 3 keeps reading file stores but asks for this opt-in (it steers new
        # deployments to a database backend).
        os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
        import mlflow

        runs = mlflow.search_runs(search_all_experiments=True, output_format="list")
        by_id = {r.info.run_id: r for r in runs}
        assert len(runs) == len(expected), f"{len(runs)} runs listed, {len(expected)} expected"
        for e in expected:
            r = by_id.get(e["run_id"])
            assert r is not None, f"run {e['run_id']} not listed (got {sorted(by_id)})"
            assert r.info.status == "FINISHED", r.info.status
            assert r.info.run_name == e["run_name"], (r.info.run_name, e["run_name"])
            assert r.data.params == e["params"], (e["run_id"], r.data.params, e["params"])
            got = r.data.metrics
            assert set(got) == set(e["metrics"]), (e["run_id"], sorted(got), sorted(e["metrics"]))
            for k, v in e["metrics"].items():
                assert abs(got[k] - v) <= 1e-12 * max(1.0, abs(v)), (k, got[k], v)
        # The DataFrame view too (what a notebook would use), when pandas is there.
        try:
            df = mlflow.search_runs(search_all_experiments=True)
            assert len(df) == len(expected)
        except ImportError:
            pass
    print(f"mlflow {mlflow.__version__} read {len(expected)} runs with their params and metrics")


if __name__ == "__main__":
    main()
