"""A visitor of the web chat, as a browser is: it opens the page (cookie and CSRF token) before it asks."""

import re


class ChatVisitor:
    """One browser at one address."""

    def __init__(self, app, address: str = "127.0.0.1"):
        self.client, self.address = app.test_client(), address
        page = self.client.get("/chat", environ_overrides={"REMOTE_ADDR": address}).get_data(as_text=True)
        self.token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    def ask(self, payload: dict | None = None, **options):
        """POST /chat/ask as chat.js does."""
        headers = {"X-CSRF-Token": self.token, **options.pop("headers", {})}
        if payload is not None:
            options["json"] = payload
        return self.client.post("/chat/ask", headers=headers, environ_overrides={"REMOTE_ADDR": self.address},
                                **options)

    def submit(self, data: dict, **options):
        """POST the page's form, as a browser without JavaScript does."""
        return self.client.post("/chat", data={"csrf": self.token, **data},
                                environ_overrides={"REMOTE_ADDR": self.address}, **options)
