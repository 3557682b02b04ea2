"""Settings gunicorn reads from the working directory: the Server header names no server software."""

import gunicorn.http.wsgi

gunicorn.http.wsgi.SERVER = "guideline-bot"
