"""A plain `pip install` of the wheel enables the server extension and the prebuilt labextension."""

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    if not (ROOT / "jupyter_autopilot" / "labextension" / "static" / "style.js").exists():
        pytest.fail("the frontend is not built: run scripts/setup.sh (or npm run build:prod) first")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(out)],
        check=True,
        cwd=ROOT,
    )
    (path,) = out.glob("jupyter_autopilot-*.whl")
    return path


def test_wheel_contents(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    data = next(n.split("/data/")[0] for n in names if "/data/" in n) + "/data/"
    assert data + "etc/jupyter/jupyter_server_config.d/jupyter_autopilot.json" in names
    assert data + "share/jupyter/labextensions/jupyter-autopilot/package.json" in names
    assert data + "share/jupyter/labextensions/jupyter-autopilot/install.json" in names
    assert any(n.startswith(data + "share/jupyter/labextensions/jupyter-autopilot/static/remoteEntry") for n in names)
    assert "jupyter_autopilot/rest/openapi.json" in names


def test_plain_install_enables_the_extensions(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # install the wheel alone into the new prefix; its dependencies come from this environment
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-compile",
            "-q",
            "--ignore-installed",
            "--prefix",
            str(venv),
            str(wheel),
        ],
        check=True,
    )
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([purelib, sysconfig.get_paths()["purelib"]]),
        JUPYTER_CONFIG_PATH="",
        JUPYTER_PATH="",
    )
    env.pop("JUPYTER_CONFIG_DIR", None)
    listing = subprocess.run(
        [str(py), "-m", "jupyter_server", "extension", "list"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    section = text.split(f"Config dir: {venv / 'etc' / 'jupyter'}")[1].split("Config dir:")[0]
    assert re.search(r"jupyter_autopilot\s+enabled", section), text
    assert re.search(r"jupyter_autopilot \S+ OK", section), text
    labs = subprocess.run(
        [str(py), "-m", "jupyterlab.labextensions", "list"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert "jupyter-autopilot" in labs.stdout + labs.stderr


def test_wheel_ships_the_labextension_once(wheel):
    """check-wheel-contents finds nothing (W002: the labextension was in the package and in data)."""
    result = subprocess.run([sys.executable, "-m", "check_wheel_contents", str(wheel)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith("jupyter_autopilot/labextension/")]


def _without_node_path() -> str:
    """PATH with every folder that holds node or npm removed."""
    keep = [
        d
        for d in os.environ.get("PATH", "").split(os.pathsep)
        if d and not any((Path(d) / tool).exists() for tool in ("node", "npm", "nodejs"))
    ]
    return os.pathsep.join(keep)


def test_fresh_venv_base_install_is_light_and_enabled(wheel, tmp_path):
    """The wheel with its real dependencies in a fresh venv, no node on PATH: both extensions are
    enabled, the runner's stack is absent, and `jupyter autopilot run` says what to install."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    env = dict(
        os.environ,
        PATH=os.pathsep.join([str(venv / "bin"), _without_node_path()]),
        JUPYTER_CONFIG_PATH="",
        JUPYTER_PATH="",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    for var in ("PYTHONPATH", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "VIRTUAL_ENV"):
        env.pop(var, None)
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", str(wheel)], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert install.returncode == 0, install.stdout + install.stderr
    installed = subprocess.run(
        [str(py), "-m", "pip", "list", "--format=freeze"], env=env, capture_output=True, text=True, check=True
    ).stdout.lower()
    for heavy in ("scikit-learn", "shap", "numba", "llvmlite", "joblib"):
        assert f"\n{heavy}==" not in "\n" + installed, f"{heavy} is in the base install"
    listing = subprocess.run(
        [str(py), "-m", "jupyter_server", "extension", "list"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    assert re.search(r"jupyter_autopilot\s+enabled", text), text
    assert re.search(r"jupyter_autopilot \S+ OK", text), text
    labext = venv / "share" / "jupyter" / "labextensions" / "jupyter-autopilot"
    assert (labext / "package.json").is_file() and (labext / "install.json").is_file()
    assert list((labext / "static").glob("remoteEntry*.js"))
    # the viewer and the notebook API import; the runner says in one line what to install
    subprocess.run(
        [str(py), "-c", "from jupyter_autopilot import AutoMLJob; import jupyter_autopilot.extension"],
        env=env,
        check=True,
        cwd=tmp_path,
    )
    run = subprocess.run(
        [str(venv / "bin" / "jupyter-autopilot"), "run", "--data", "x.csv", "--target", "y", "--name", "j"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "jupyter-autopilot[runner]" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
