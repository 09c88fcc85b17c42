"""Agent identity: inverse functional identifiers (xAPI Data 2.4.2.3)."""

IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")


def ifi(agent: dict) -> str | None:
    """Return a canonical string for an Agent's or identified Group's IFI."""
    if not isinstance(agent, dict):
        return None
    if agent.get("mbox"):
        return "mbox:" + agent["mbox"].lower()
    if agent.get("mbox_sha1sum"):
        return "mbox_sha1sum:" + agent["mbox_sha1sum"].lower()
    if agent.get("openid"):
        return "openid:" + agent["openid"]
    account = agent.get("account")
    if isinstance(account, dict):
        return f"account:{account.get('homePage', '')}|{account.get('name', '')}"
    return None


def ifi_only(agent: dict) -> dict:
    """Return the agent reduced to objectType and IFI (format=ids)."""
    reduced = {"objectType": agent.get("objectType", "Agent")}
    for key in IFI_KEYS:
        if key in agent:
            reduced[key] = agent[key]
    if (
        reduced["objectType"] == "Group"
        and "member" in agent
        and not any(key in agent for key in IFI_KEYS)
    ):
        reduced["member"] = [ifi_only(member) for member in agent["member"]]
    return reduced


def person(agents: list[dict]) -> dict:
    """Combine Agents known to be one person into a Person object (GET /agents)."""
    combined: dict = {"objectType": "Person"}
    for agent in agents:
        if agent.get("name"):
            combined.setdefault("name", []).append(agent["name"])
        for key in IFI_KEYS:
            if key in agent:
                combined.setdefault(key, []).append(agent[key])
    return combined
