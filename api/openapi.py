"""The OpenAPI document of /api/v1, served at /api/v1/openapi.json (no sign-in needed to read it).

Every endpoint documents itself here with ``document(path, method, …)``: one registry, so a new
blueprint module adds its paths in a few lines and the spec never drifts from a hand-kept file.
"""
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import jsonify
from marshmallow import Schema, fields

from . import bp

_PATHS: dict[str, dict] = {}
_SCHEMAS: dict[str, type] = {}
_FIXUPS = []


class ErrorSchema(Schema):
    code = fields.Integer(required=True)
    status = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict(metadata={"description": "field → messages"})
    reason = fields.String(metadata={"description": "401 only: revoked, deactivated, expired or unknown "
                                                    "(docs/sync.md \"Signed out\")"})


def error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": "Error"}}}


def document(path: str, method: str, summary: str, *, body: str | None = None, responses: dict,
             parameters: list | None = None, auth: bool = True, tag: str = "api") -> None:
    """Add one operation; ``body`` and response schemas name schemas given to ``schema()``."""
    operation = {"summary": summary, "tags": [tag], "responses": {
        str(code): ({"description": spec} if isinstance(spec, str) else spec) for code, spec in responses.items()}}
    if auth:
        operation["responses"].setdefault("401", error("Missing, expired or revoked token, or a deactivated user (``reason`` says which)"))
    else:
        operation["security"] = []
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if parameters:
        operation["parameters"] = parameters
    _PATHS.setdefault(path, {})[method.lower()] = operation


def json_response(description: str, schema_name: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema_name}}}


def schema(name: str, cls) -> None:
    _SCHEMAS[name] = cls


def fixup(function) -> None:
    """A change to the built document that marshmallow cannot say (e.g. items of a Raw list)."""
    _FIXUPS.append(function)


def _name(schema_class) -> str:
    cls = schema_class if isinstance(schema_class, type) else type(schema_class)
    return cls.__name__.removesuffix("Schema")


def build_spec() -> dict:
    spec = APISpec(title="Field Mentor API", version="1", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin(schema_name_resolver=_name)],
                   info={"description": "Offline-first sync for trainers and mentors; see SYNC.md and docs/sync.md."},
                   servers=[{"url": "/api/v1"}])
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    spec.options["security"] = [{"bearerAuth": []}]
    schema("Error", ErrorSchema)
    for name, cls in _SCHEMAS.items():
        if name not in spec.components.schemas:  # a nested one may have been added already
            spec.components.schema(name, schema=cls)
    for path, operations in _PATHS.items():
        spec.path(path=path, operations=operations)
    document_dict = spec.to_dict()
    document_dict["security"] = [{"bearerAuth": []}]
    for function in _FIXUPS:
        function(document_dict)
    return document_dict


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(build_spec())


document("/openapi.json", "get", "This document", auth=False, tag="meta",
         responses={200: "The OpenAPI 3 document of /api/v1"})
