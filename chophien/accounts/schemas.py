from ninja import Field, Schema

from chophien.core.schemas import InputSchema


class OtpRequestIn(InputSchema):
    phone: str = Field(max_length=32)


class OtpRequestOut(Schema):
    phone: str
    message: str


class TokenIn(InputSchema):
    phone: str = Field(max_length=32)
    code: str = Field(max_length=12)
    full_name: str = Field("", max_length=120)


class TokenOut(Schema):
    token: str
    phone: str
