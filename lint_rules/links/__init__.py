"""Live link checking, split by what touches the network.

- ``verdict`` (pure): what an HTTP answer means for a link and what to ask next;
- ``settings`` (pure): the config's ``links:`` section as typed settings;
- ``arxiv_batch``, ``github_repo`` (pure): arXiv ids through the API's ``id_list``, GitHub
  repositories through the REST API;
- ``http`` (**I/O**, the only HTTP in ``lint_rules``): the polite concurrent scheduler;
- ``guard`` (**I/O**: name resolution): which addresses a list's links may reach, and
  connections that keep to them (no loopback, private or metadata address unless allowed);
- ``cache`` (**I/O**): verdicts kept between runs, a time-to-live per verdict;
- ``report_markdown`` (pure): the link report, ``links --output-format markdown`` and the body
  of the issue ``paperlist link-report`` keeps;
- ``command`` (**I/O** edge): ``paperlist links`` and the verdicts for ``check --links``.
"""
