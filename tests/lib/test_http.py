import logging

from django.test import RequestFactory

from tipnet.lib import http


def request(**meta):
    return RequestFactory().get("/report/en/", REMOTE_ADDR="10.0.0.9", **meta)


def test_a_forwarded_header_without_a_proxy_count_is_warned_once_without_its_value(
        settings, monkeypatch, caplog):
    settings.TIPNET_PROXY_COUNT = 0
    monkeypatch.setattr(http, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="tipnet.security"):
        assert http.client_address(request(HTTP_X_FORWARDED_FOR="203.0.113.7")) == "10.0.0.9"
        assert http.client_address(request(HTTP_X_FORWARDED_FOR="198.51.100.2")) == "10.0.0.9"
    warnings = [r for r in caplog.records if r.name == "tipnet.security"]
    assert len(warnings) == 1
    assert "TIPNET_PROXY_COUNT" in warnings[0].getMessage()
    assert "203.0.113.7" not in caplog.text and "198.51.100.2" not in caplog.text


def test_no_warning_behind_a_declared_proxy_nor_without_the_header(settings, monkeypatch,
                                                                   caplog):
    monkeypatch.setattr(http, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="tipnet.security"):
        settings.TIPNET_PROXY_COUNT = 0
        assert http.client_address(request()) == "10.0.0.9"
        settings.TIPNET_PROXY_COUNT = 1
        assert http.client_address(
            request(HTTP_X_FORWARDED_FOR="198.51.100.2, 203.0.113.7")) == "203.0.113.7"
    assert not [r for r in caplog.records if r.name == "tipnet.security"]
