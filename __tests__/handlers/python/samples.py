"""Shared by the Python handler tests: loads a sample handler (templates/handlers/<name>/python/index.py)
as its own module, with fakes standing in for what the Lambda runtime provides (boto3), and fakes
for urllib's answers, so the tests need nothing but the standard library."""
import importlib.util
import io
import sys
import types
from pathlib import Path
from urllib.error import HTTPError

# The samples are copied into projects: never leave __pycache__ next to them.
sys.dont_write_bytecode = True

HANDLERS = Path(__file__).resolve().parents[3] / "templates" / "handlers"


def load(name, modules=None):
    """Imports templates/handlers/<name>/python/index.py afresh, with `modules` in sys.modules meanwhile."""
    modules = modules or {}
    saved = {key: sys.modules.get(key) for key in modules}
    sys.modules.update(modules)
    try:
        spec = importlib.util.spec_from_file_location(f"sample_{name.replace('-', '_')}", HANDLERS / name / "python" / "index.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        for key, value in saved.items():
            if value is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = value


class FakeBoto3:
    """boto3 and botocore.config as the handlers use them: records each client() and Config()."""

    def __init__(self, client):
        self.client_calls = []
        self.configs = []
        boto3 = types.ModuleType("boto3")
        boto3.client = lambda service, **kwargs: self.client_calls.append((service, kwargs)) or client
        botocore = types.ModuleType("botocore")
        config = types.ModuleType("botocore.config")
        config.Config = lambda **kwargs: self.configs.append(kwargs) or kwargs
        botocore.config = config
        self.modules = {"boto3": boto3, "botocore": botocore, "botocore.config": config}


class FakeCall:
    """One SDK operation (client.invoke, client.get_parameter): records each call's arguments, then
    returns `answer`, or raises it when it is an exception."""

    def __init__(self):
        self.calls = []
        self.answer = None

    def __call__(self, **kwargs):
        self.calls.append(kwargs)
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


class ClientError(Exception):
    """Shaped like botocore.exceptions.ClientError: the AWS code is in response["Error"]["Code"]."""

    def __init__(self, code, message="refused"):
        super().__init__(message)
        self.response = {"Error": {"Code": code, "Message": message}}


class Response:
    """What urlopen returns: a context manager with status and read()."""

    def __init__(self, status=200, body=b""):
        self.status = status
        self._body = body if isinstance(body, bytes) else body.encode("utf-8")

    def read(self):
        return self._body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeUrlopen:
    """Stands in for urllib.request.urlopen: answers (or raises) what it was given, records requests."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, request, timeout=None):
        self.calls.append({"request": request, "timeout": timeout})
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, BaseException):
            raise answer
        if answer.status >= 400:
            url = request if isinstance(request, str) else request.full_url
            raise HTTPError(url, answer.status, "error", {}, io.BytesIO(answer.read()))
        return answer
