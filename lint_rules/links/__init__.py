"""Live link checking, split by what touches the network.

- ``verdict`` (pure): what an HTTP answer means for a link and what to ask next;
- ``settings`` (pure): the config's ``links:`` section as typed settings;
- ``arxiv_batch``, ``github_repo`` (pure): arXiv ids through the API's ``id_list``, GitHub
  repositories through the REST API;
- ``http`` (**I/O**, the only HTTP in ``lint_rules``): the polite concurrent scheduler;
- ``cache`` (**I/O**): verdicts kept between runs, a time-to-live per verdict;
- ``command`` (**I/O** edge): ``paperlist links`` and the verdicts for ``check --links``.
"""
