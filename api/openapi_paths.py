"""The documented operations of the foundation's and the sync endpoints (see api/openapi.py)."""
from marshmallow import Schema, fields

from .openapi import document, error, fixup, json_response, schema
from .schemas.auth import ProfileSchema, TokenRequestSchema
from .schemas.entities import ENTITY_SCHEMAS
from .schemas.sync import ChangeSchema, SyncRequestSchema, SyncResponseSchema


class MembershipSchema(Schema):
    programme_id = fields.String()
    role = fields.String()


class UserSchema(Schema):
    id = fields.String()
    username = fields.String()
    display_name = fields.String()
    locale = fields.String()
    role = fields.String()
    memberships = fields.List(fields.Nested(MembershipSchema))


class TokenResponseSchema(Schema):
    token = fields.String()
    expires_at = fields.String()
    user = fields.Nested(UserSchema)


class RecordSchema(Schema):
    entity = fields.String()
    id = fields.String()
    op = fields.String()
    version = fields.Integer()
    data = fields.Dict()


class RecordPageSchema(Schema):
    items = fields.List(fields.Nested(RecordSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


class Outdated(Schema):
    code = fields.Integer()
    status = fields.String()
    message = fields.String()
    min_schema_version = fields.Integer()


for name, cls in (("TokenRequest", TokenRequestSchema), ("TokenResponse", TokenResponseSchema), ("User", UserSchema),
                  ("Profile", ProfileSchema), ("SyncRequest", SyncRequestSchema), ("Change", ChangeSchema),
                  ("SyncResponse", SyncResponseSchema), ("Record", RecordSchema), ("RecordPage", RecordPageSchema),
                  ("Outdated", Outdated)):
    schema(name, cls)
for entity, cls in ENTITY_SCHEMAS.items():
    schema(type(cls).__name__.removesuffix("Schema"), type(cls))


@fixup
def _changes_are_changes(spec: dict) -> None:
    """``changes`` is loaded change by change (a bad one is rejected alone), so the schema says Raw."""
    properties = spec["components"]["schemas"]["SyncRequest"]["properties"]
    properties["changes"]["items"] = {"$ref": "#/components/schemas/Change"}
    properties["changes"]["maxItems"] = 500
    spec["components"]["schemas"]["Change"]["properties"]["data"]["description"] = (
        "The entity's fields: " + ", ".join(f"{e} → {type(s).__name__.removesuffix('Schema')}"
                                            for e, s in ENTITY_SCHEMAS.items()))


document("/auth/token", "post", "Sign in a device; returns a bearer token", body="TokenRequest", auth=False,
         tag="auth", responses={200: json_response("Token and profile", "TokenResponse"),
                                400: error("Malformed"), 401: error("Bad credentials"),
                                415: error("Not JSON"), 429: error("Rate-limited")})
document("/auth/token", "delete", "Revoke the bearer token used", tag="auth", responses={204: "Revoked"})
document("/me", "get", "The signed-in user", tag="auth", responses={200: json_response("Profile", "User")})
document("/me", "patch", "Change the user's language", body="Profile", tag="auth",
         responses={200: json_response("Profile", "User"), 400: error("Unknown language")})
document("/sync", "post", "Push changes and pull what changed, in one round trip (SYNC.md)", body="SyncRequest",
         tag="sync", responses={
             200: json_response("One result per change, then a page of changes", "SyncResponse"),
             400: error("Malformed request, foreign device_id or cursor"), 409: json_response(
                 "schema_version no longer accepted", "Outdated"),
             413: error("More than 500 changes or 5 MB"), 415: error("Not JSON or unknown encoding")})
_ENTITY = {"name": "entity", "in": "path", "required": True, "schema": {"type": "string"},
           "description": "A synced entity (participant, session, attendance, …)"}
document("/{entity}", "get", "Records of an entity in the caller's scope", tag="reads", parameters=[
    _ENTITY, {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
    {"name": "programme_id", "in": "query", "schema": {"type": "string"}}],
    responses={200: json_response("A page of records", "RecordPage"), 400: error("Bad paging"),
               404: error("Unknown entity")})
document("/{entity}/{record_id}", "get", "One record in the caller's scope", tag="reads", parameters=[
    _ENTITY, {"name": "record_id", "in": "path", "required": True, "schema": {"type": "string"}}],
    responses={200: json_response("The record", "Record"), 404: error("Unknown or out of scope")})
