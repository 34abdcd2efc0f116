"""How a device reads on the devices page: the name its user chose on the phone, else the phone model
read from the browser's User-Agent (ua-parser), else the start of its id."""
from functools import lru_cache

from ua_parser import parse

#: phones before issue 15 sent their User-Agent as ``device_name``
_USER_AGENT_START = ("Mozilla/", "Opera/")


def is_user_agent(text: str) -> bool:
    return (text or "").startswith(_USER_AGENT_START)


@lru_cache(maxsize=512)
def model_of(user_agent: str) -> str:
    """"Samsung SM-A536B · Android 13 · Chrome", "iPhone · iOS 17.0 · Mobile Safari"; "" when unknown."""
    if not user_agent:
        return ""
    result = parse(user_agent)
    parts = []
    if result.device and result.device.family not in ("Other", "Generic Smartphone"):
        parts.append(result.device.family)
    if result.os and result.os.family != "Other":
        parts.append(" ".join(filter(None, (result.os.family, ".".join(filter(None, (result.os.major,
                                                                                     result.os.minor)))))))
    if result.user_agent and result.user_agent.family != "Other":
        parts.append(result.user_agent.family)
    return " · ".join(parts)


def device_label(token) -> tuple[str, str]:
    """(name, model) of a DeviceToken: the user's name for it (may be ""), and the model."""
    name = "" if is_user_agent(token.device_name) else (token.device_name or "")
    agent = token.user_agent or (token.device_name if is_user_agent(token.device_name) else "")
    return name, model_of(agent)
