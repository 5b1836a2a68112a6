from __future__ import annotations

import pytest

from server.push.forms import host_allowed


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://push-eu.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/QGx",
        "https://wns2-db5p.notify.windows.com/w/?token=abc",
        "https://FCM.googleapis.com:443/fcm/send/abc",
    ],
)
def test_the_browsers_push_services_are_allowed(endpoint: str) -> None:
    assert host_allowed(endpoint, ())


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://fcm.googleapis.com/fcm/send/abc",
        "https://notify.windows.com.evil.example/",
        "https://evilpush.services.mozilla.com/",
        "https://push.services.mozilla.com.evil.example/",
        "https://10.0.0.1/",
        "https://[fd00::1]/",
        "https://fcm.googleapis.com:444/",
        "https://a:b@web.push.apple.com/",
        "http://127.0.0.1:9999/push/x",
        "https://fcm.googleapis.com\\@evil.example/",
        "javascript:alert(1)",
        "",
    ],
)
def test_anything_else_is_refused(endpoint: str) -> None:
    assert not host_allowed(endpoint, ())


def test_a_listed_test_host_may_use_http_on_its_port_only() -> None:
    assert host_allowed("http://127.0.0.1:9999/push/x", ("127.0.0.1:9999",))
    assert not host_allowed("http://127.0.0.1:9998/push/x", ("127.0.0.1:9999",))
    assert not host_allowed("http://127.0.0.1/push/x", ("127.0.0.1:9999",))
