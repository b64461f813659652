"""Maintainer commands from issue comments: `/paperlist add` and `/paperlist update-venues`."""
