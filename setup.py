# bench's get_app_name reads [project].name from pyproject.toml first; this file
# is the fallback it regex-scans (bench/utils/app.py). Installation goes through
# pyproject.toml's flit backend either way.
from setuptools import setup

setup(name="wms_module")
