from ninja import Schema


class OtpRequestIn(Schema):
    phone: str


class OtpRequestOut(Schema):
    phone: str
    message: str


class TokenIn(Schema):
    phone: str
    code: str
    full_name: str = ""


class TokenOut(Schema):
    token: str
    phone: str
