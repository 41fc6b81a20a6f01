"""The live REST suite: runs against a running site when WMS_LIVE_URL and an API key are set."""
