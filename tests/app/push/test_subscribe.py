from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from server.accounts.models import User
from server.push.models import PushSubscription
from tests.app.push.conftest import FakePushService
from tests.conftest import Client


async def post_json(
    client: Client, url: str, data: Any, *, csrf: bool = True
) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if csrf:
        headers["x-csrftoken"] = await client.csrf_token()
    return await client.post(url, content=json.dumps(data), headers=headers)


def fcm(name: str = "abc") -> dict[str, Any]:
    from tests.app.push.conftest import BrowserKeys, b64u

    keys = BrowserKeys()
    return {
        "endpoint": f"https://fcm.googleapis.com/fcm/send/{name}",
        "keys": {"p256dh": keys.p256dh, "auth": b64u(keys.auth)},
    }


async def owner_of(endpoint: str) -> str | None:
    sub = await PushSubscription.get_or_none(endpoint=endpoint).prefetch_related("user")
    return sub.user.username if sub else None


async def test_it_stores_this_devices_subscription(alice: Client) -> None:
    data = fcm()
    response = await post_json(alice, "/push/subscribe", data)
    assert response.status_code == 204
    sub = await PushSubscription.get(endpoint=data["endpoint"])
    assert sub.p256dh == data["keys"]["p256dh"]
    assert await owner_of(data["endpoint"]) == "alice"


async def test_subscribing_twice_keeps_one_row_with_the_new_keys(alice: Client) -> None:
    first = fcm()
    again = {**fcm(), "endpoint": first["endpoint"]}
    await post_json(alice, "/push/subscribe", first)
    assert (await post_json(alice, "/push/subscribe", again)).status_code == 204
    rows = await PushSubscription.filter(endpoint=first["endpoint"])
    assert [r.auth for r in rows] == [again["keys"]["auth"]]


async def test_a_changed_subscription_replaces_the_old_one(alice: Client) -> None:
    old, new = fcm("old"), fcm("new")
    await post_json(alice, "/push/subscribe", old)
    response = await post_json(
        alice, "/push/subscribe", {**new, "oldEndpoint": old["endpoint"]}
    )
    assert response.status_code == 204
    assert [s.endpoint for s in await PushSubscription.all()] == [new["endpoint"]]


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://evil.example.com/push/1",
        "http://fcm.googleapis.com/fcm/send/1",
        "https://fcm.googleapis.com.evil.example/fcm/send/1",
        "https://fcm.googleapis.com:8443/fcm/send/1",
        "https://user@fcm.googleapis.com/fcm/send/1",
        "https://127.0.0.1/push/1",
        "https://169.254.169.254/latest/meta-data",
        "http://127.0.0.1:1/push/unlisted-port",
        "https://localhost/push/1",
        "https://[::1]/push/1",
        "ftp://fcm.googleapis.com/x",
        "notaurl",
        "https://fcm.googleapis.com/" + "x" * 1100,
    ],
)
async def test_it_refuses_push_hosts_that_are_not_on_the_list(
    alice: Client, endpoint: str
) -> None:
    response = await post_json(
        alice, "/push/subscribe", {**fcm(), "endpoint": endpoint}
    )
    assert response.status_code == 422
    assert await PushSubscription.all().count() == 0


async def test_it_accepts_the_test_push_service_only_because_it_is_listed(
    alice: Client, fake_push: FakePushService
) -> None:
    info, _ = fake_push.subscription("listed")
    assert (await post_json(alice, "/push/subscribe", info)).status_code == 204


@pytest.mark.parametrize(
    "keys",
    [
        None,
        {},
        {"p256dh": "abc", "auth": "abcdefghijklmnopqrstuv"},
        {
            "p256dh": "BA" + "A" * 85,
            "auth": "AAAAAAAAAAAAAAAAAAAAAA",
        },  # not on the curve
        {"auth": "AAAAAAAAAAAAAAAAAAAAAA"},
        {"p256dh": 5, "auth": []},
    ],
)
async def test_it_refuses_subscriptions_with_bad_keys(alice: Client, keys: Any) -> None:
    data = fcm()
    if keys is None:
        data.pop("keys")
    else:
        data["keys"] = keys
    assert (await post_json(alice, "/push/subscribe", data)).status_code == 422
    assert await PushSubscription.all().count() == 0


@pytest.mark.parametrize("url", ["/push/subscribe", "/push/unsubscribe"])
@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'"text"',
        b"\xff\xfe",
        # Valid JSON bytes around a string that is not UTF-8: this answered 500.
        b'{"endpoint": "\xff\xfe", "keys": {"p256dh": "a", "auth": "b"}}',
    ],
)
async def test_it_refuses_a_body_that_is_not_a_subscription(
    alice: Client, body: bytes, url: str
) -> None:
    token = await alice.csrf_token()
    response = await alice.post(
        url,
        content=body,
        headers={"content-type": "application/json", "x-csrftoken": token},
    )
    assert response.status_code == 422


async def test_subscribe_and_unsubscribe_need_the_csrf_token(alice: Client) -> None:
    data = fcm()
    assert (
        await post_json(alice, "/push/subscribe", data, csrf=False)
    ).status_code == 403
    await post_json(alice, "/push/subscribe", data)
    response = await post_json(
        alice, "/push/unsubscribe", {"endpoint": data["endpoint"]}, csrf=False
    )
    assert response.status_code == 403
    assert await PushSubscription.filter(endpoint=data["endpoint"]).exists()


async def test_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = await post_json(client, "/push/subscribe", fcm())
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    assert await PushSubscription.all().count() == 0


async def test_get_is_not_allowed(alice: Client) -> None:
    assert (await alice.get("/push/subscribe")).status_code == 405
    assert (await alice.get("/push/unsubscribe")).status_code == 405


async def test_it_removes_this_devices_subscription(alice: Client) -> None:
    data = fcm()
    await post_json(alice, "/push/subscribe", data)
    response = await post_json(
        alice, "/push/unsubscribe", {"endpoint": data["endpoint"]}
    )
    assert response.status_code == 204
    assert await PushSubscription.all().count() == 0


async def test_another_person_cannot_unsubscribe_someone_elses_device(
    alice: Client, bob: Client
) -> None:
    data = fcm()
    await post_json(alice, "/push/subscribe", data)
    response = await post_json(bob, "/push/unsubscribe", {"endpoint": data["endpoint"]})
    assert response.status_code == 404
    assert await owner_of(data["endpoint"]) == "alice"


async def test_unsubscribe_without_an_endpoint_is_refused(alice: Client) -> None:
    assert (await post_json(alice, "/push/unsubscribe", {})).status_code == 422
    assert (await post_json(alice, "/push/unsubscribe", ["x"])).status_code == 422


async def test_a_device_belongs_to_whoever_signed_in_on_it_last(
    alice: Client, bob: Client
) -> None:
    data = fcm()
    await post_json(alice, "/push/subscribe", data)
    await post_json(bob, "/push/subscribe", data)
    assert await owner_of(data["endpoint"]) == "bob"
    assert await PushSubscription.all().count() == 1


async def test_export_shows_devices_without_their_secrets(alice: Client) -> None:
    data = fcm("secretpath")
    await post_json(alice, "/push/subscribe", data)
    export = (await alice.get("/settings/export.json")).json()
    [device] = export["push_subscriptions"]
    assert device["push_service"] == "fcm.googleapis.com"
    assert "secretpath" not in json.dumps(export)
    assert data["keys"]["p256dh"] not in json.dumps(export)
    assert data["keys"]["auth"] not in json.dumps(export)


async def test_deleting_the_account_removes_its_devices(alice: Client) -> None:
    from tests.conftest import PASSPHRASE

    await post_json(alice, "/push/subscribe", fcm())
    await alice.post_form("/settings/delete", {"passphrase": PASSPHRASE})
    assert not await User.filter(username="alice").exists()
    assert await PushSubscription.all().count() == 0
