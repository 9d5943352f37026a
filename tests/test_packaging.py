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
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out)], check=True, cwd=ROOT)
    (path,) = out.glob("jupyter_autopilot-*.whl")
    return path


def test_wheel_contents(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    data = next(n.split("/data/")[0] for n in names if "/data/" in n) + "/data/"
    assert data + "etc/jupyter/jupyter_server_config.d/jupyter_autopilot.json" in names
    assert data + "share/jupyter/labextensions/jupyter-autopilot/package.json" in names
    assert data + "share/jupyter/labextensions/jupyter-autopilot/install.json" in names
    assert any(n.startswith(data + "share/jupyter/labextensions/jupyter-autopilot/static/remoteEntry") for n in names)
    assert "jupyter_autopilot/openapi.json" in names


def test_plain_install_enables_the_extensions(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # install the wheel alone into the new prefix; its dependencies come from this environment
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-compile", "-q", "--ignore-installed",
                    "--prefix", str(venv), str(wheel)], check=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([purelib, sysconfig.get_paths()["purelib"]]),
               JUPYTER_CONFIG_PATH="", JUPYTER_PATH="")
    env.pop("JUPYTER_CONFIG_DIR", None)
    listing = subprocess.run([str(py), "-m", "jupyter_server", "extension", "list"], env=env, cwd=tmp_path,
                             capture_output=True, text=True)
    text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    section = text.split(f"Config dir: {venv / 'etc' / 'jupyter'}")[1].split("Config dir:")[0]
    assert re.search(r"jupyter_autopilot\s+enabled", section), text
    assert re.search(r"jupyter_autopilot \S+ OK", section), text
    labs = subprocess.run([str(py), "-m", "jupyterlab.labextensions", "list"], env=env, cwd=tmp_path,
                          capture_output=True, text=True)
    assert "jupyter-autopilot" in labs.stdout + labs.stderr
