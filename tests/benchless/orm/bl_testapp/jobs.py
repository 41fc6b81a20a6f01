"""Background job targets for the enqueue tests."""

JOB_LOG = []


def job(value):
	JOB_LOG.append(value)
