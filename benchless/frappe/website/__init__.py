"""benchless stand-in for frappe/website (www page serving). See serve.py."""
