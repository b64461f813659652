"""Identifiers from real list links: arXiv ids, DOIs, normalised URLs and titles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lint_rules.identifiers import (
    arxiv_id,
    arxiv_id_in_text,
    arxiv_version,
    arxiv_year,
    canonical_arxiv_url,
    doi,
    normalize_title,
    normalize_url,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/abs/2010.05352", "2010.05352"),
        ("https://arxiv.org/pdf/2010.05352.pdf", "2010.05352"),
        ("https://arxiv.org/pdf/2010.05352", "2010.05352"),
        ("https://arxiv.org/abs/2010.05352v2", "2010.05352"),
        ("https://arxiv.org/pdf/1601.06759v2.pdf", "1601.06759"),
        ("http://arxiv.org/pdf/1503.02531", "1503.02531"),
        ("https://www.arxiv.org/abs/2101.05224/", "2101.05224"),
        ("https://export.arxiv.org/abs/2101.05224", "2101.05224"),
        ("https://arxiv.org/html/2401.12345v1", "2401.12345"),
        ("https://ar5iv.labs.arxiv.org/html/1512.03385", "1512.03385"),
        ("https://arxiv.org/abs/2010.05352?context=cs.CV", "2010.05352"),
        ("https://arxiv.org/abs/2010.05352#abstract", "2010.05352"),
        ("https://arxiv.org/abs/cs/0112017", "cs/0112017"),
        ("https://arxiv.org/pdf/cs/0112017v1.pdf", "cs/0112017"),
        ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("https://arxiv.org/abs/math.GT/0309136", "math/0309136"),
        ("https://ARXIV.ORG/ABS/2010.05352", "2010.05352"),
    ],
)
def test_arxiv_id_every_form(url, expected):
    assert arxiv_id(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/krishnabits001/domain_specific_cl",
        "https://arxiv.org/list/cs.CV/recent",
        "https://arxiv.org/abs/",
        "https://notarxiv.org/abs/2010.05352",
        "ftp://arxiv.org/abs/2010.05352",
        "arxiv.org/abs/2010.05352",  # no scheme: not a link we can trust
        # terryum's glued links: not one id, another rule reports the defect
        "https://arxiv.org/pdf/1511.07289.pdf%5Cnhttp://arxiv.org/abs/1511.07289%5Cn",
        "",
        "http://[::1",
    ],
)
def test_arxiv_id_rejects(url):
    assert arxiv_id(url) is None


def test_pdf_and_versioned_abs_are_one_paper():
    pdf, abs_v2 = "https://arxiv.org/pdf/2010.05352.pdf", "http://arxiv.org/abs/2010.05352v2"
    assert arxiv_id(pdf) == arxiv_id(abs_v2)
    assert normalize_url(pdf) == normalize_url(abs_v2) == "arxiv.org/abs/2010.05352"


def test_arxiv_version_and_year():
    assert arxiv_version("https://arxiv.org/abs/2010.05352v3") == 3
    assert arxiv_version("https://arxiv.org/pdf/1601.06759v2.pdf") == 2
    assert arxiv_version("https://arxiv.org/abs/2010.05352") is None
    assert arxiv_version("https://example.org/abs/2010.05352v3") is None
    assert arxiv_year("2010.05352") == 2020
    assert arxiv_year("2101.05224") == 2021
    assert arxiv_year("0704.0001") == 2007
    assert arxiv_year("cs/0112017") == 2001
    assert arxiv_year("hep-th/9901001") == 1999
    assert arxiv_year("nonsense") is None
    assert canonical_arxiv_url("2010.05352") == "https://arxiv.org/abs/2010.05352"


def test_arxiv_id_in_text():
    assert arxiv_id_in_text("arXiv:2010.05352v2") == "2010.05352"
    assert arxiv_id_in_text("see arXiv: 2101.05224") == "2101.05224"
    assert arxiv_id_in_text("cs/0112017") == "cs/0112017"
    assert arxiv_id_in_text("MICCAI 2020") is None
    assert arxiv_id_in_text("10.1007/978-3-030-59710-8_46") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://doi.org/10.1007/978-3-030-59710-8_46", "10.1007/978-3-030-59710-8_46"),
        ("http://dx.doi.org/10.1038/nature14539", "10.1038/nature14539"),
        ("https://doi.org/10.1016%2FS1361-8415%2820%2930110-9", "10.1016/s1361-8415(20)30110-9"),
        ("https://link.springer.com/chapter/10.1007/978-3-030-59710-8_46",
         "10.1007/978-3-030-59710-8_46"),
        ("https://link.springer.com/content/pdf/10.1007/978-3-030-59710-8_46.pdf",
         "10.1007/978-3-030-59710-8_46"),
        ("https://link.springer.com/article/10.1007/s11263-019-01228-7",
         "10.1007/s11263-019-01228-7"),
        ("https://onlinelibrary.wiley.com/doi/10.1002/mp.14321", "10.1002/mp.14321"),
        ("https://onlinelibrary.wiley.com/doi/full/10.1002/mp.14321", "10.1002/mp.14321"),
        ("https://onlinelibrary.wiley.com/doi/abs/10.1002/mp.14321", "10.1002/mp.14321"),
        ("https://onlinelibrary.wiley.com/doi/epdf/10.1002/mp.14321", "10.1002/mp.14321"),
        ("http://www.mitpressjournals.org/doi/pdfplus/10.1162/neco.1997.9.8.1735",
         "10.1162/neco.1997.9.8.1735"),
        ("https://dl.acm.org/doi/10.1145/3366423.3380131", "10.1145/3366423.3380131"),
        ("https://www.frontiersin.org/articles/10.3389/fnins.2020.00001/full",
         "10.3389/fnins.2020.00001"),
        ("https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2.full.pdf",
         "10.1101/2020.01.01.123456"),
        ("https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0123456",
         "10.1371/journal.pone.0123456"),
        ("https://example.org/view?doi=10.1109/TMI.2020.3001234", "10.1109/tmi.2020.3001234"),
    ],
)
def test_doi_forms(url, expected):
    assert doi(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        # CiteSeerX document numbers look like DOIs but are not.
        "http://citeseerx.ist.psu.edu/viewdoc/download?doi=10.1.1.383.1327&rep=rep1&type=pdf",
        "https://www.sciencedirect.com/science/article/abs/pii/S1361841520301109",
        "https://ieeexplore.ieee.org/document/9253710",
        "https://www.nature.com/articles/s41591-023-02504-3",
        "https://doi.org/",
        "https://doi.org/not-a-doi",
        "https://github.com/owner/10.1234-repo",
        "",
    ],
)
def test_doi_rejects(url):
    assert doi(url) is None


def test_same_doi_through_resolver_and_publisher():
    assert doi("https://doi.org/10.1007/978-3-030-59719-1_24") == doi(
        "https://link.springer.com/chapter/10.1007/978-3-030-59719-1_24")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://ieeexplore.ieee.org/document/9253710", "http://ieeexplore.ieee.org/document/9253710/"),
        ("https://www.sciencedirect.com/science/article/pii/S1361841521000244",
         "https://sciencedirect.com/science/article/pii/S1361841521000244#sec1"),
        ("https://pubmed.ncbi.nlm.nih.gov/33550007/",
         "https://pubmed.ncbi.nlm.nih.gov/33550007?utm_source=twitter&utm_medium=social"),
        ("https://github.com/jason718/awesome-self-supervised-learning",
         "https://www.github.com:443/jason718/awesome-self-supervised-learning/"),
        ("https://www.youtube.com/watch?v=SaJL4SLfrcY&fbclid=abc",
         "https://youtube.com/watch?v=SaJL4SLfrcY"),
        ("https://doi.org/10.1038/nature14539", "http://dx.doi.org/10.1038/NATURE14539"),
        ("https://a.org/p?b=2&a=1", "https://a.org/p?a=1&b=2"),
    ],
)
def test_normalize_url_same_page(a, b):
    assert normalize_url(a) == normalize_url(b)


def test_citeseerx_links_differing_in_doi_stay_apart():
    # terryum/awesome-deep-learning-papers: four different papers on the same CiteSeerX endpoint.
    urls = [
        "http://citeseerx.ist.psu.edu/viewdoc/download?doi=10.1.1.383.1327&rep=rep1&type=pdf",
        "http://citeseerx.ist.psu.edu/viewdoc/download?doi=10.1.1.337.7548&rep=rep1&type=pdf",
        "http://citeseerx.ist.psu.edu/viewdoc/download?doi=10.1.1.297.3484&rep=rep1&type=pdf",
        "http://citeseerx.ist.psu.edu/viewdoc/download?doi=10.1.1.149.802&rep=rep1&type=pdf",
    ]
    assert len({normalize_url(u) for u in urls}) == 4


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.youtube.com/watch?v=SaJL4SLfrcY", "https://www.youtube.com/watch?v=7YBwnc9D2d4"),
        ("https://ieeexplore.ieee.org/document/9253710", "https://ieeexplore.ieee.org/document/9361645"),
        # paths are case-sensitive
        ("https://example.org/Paper.pdf", "https://example.org/paper.pdf"),
    ],
)
def test_normalize_url_different_pages(a, b):
    assert normalize_url(a) != normalize_url(b)


def test_normalize_url_leaves_non_urls_alone():
    assert normalize_url("  ") == ""
    assert normalize_url("#2021") == "#2021"
    assert normalize_url("mailto:x@y.org") == "mailto:x@y.org"


def test_normalize_title_folds_what_does_not_identify():
    assert normalize_title("Rubik’s Cube+: A  Framework") == normalize_title(
        "rubik's cube+ - a framework")
    assert normalize_title("Image Classiﬁcation") == "image classification"
    assert normalize_title("“Quoted” — title_with__underscores") == "quoted title with underscores"
    assert normalize_title("Self-Supervised") == "self supervised"
    assert normalize_title("  ") == ""


def test_three_rubiks_cube_titles_differ():
    titles = [
        "Rubik’s Cube+: A self-supervised feature learning framework for 3D medical image analysis",
        "Revisiting Rubik’s Cube: Self-supervised Learning with Volume-Wise Transformation for 3D "
        "Medical Image Segmentation",
        "Self-supervised Feature Learning for 3D Medical Images by Playing a Rubik’s Cube",
    ]
    assert len({normalize_title(t) for t in titles}) == 3


@given(st.text())
def test_functions_never_raise(text):
    for fn in (arxiv_id, doi, arxiv_version):
        fn(text)
        fn("https://arxiv.org/abs/" + text)
        fn("https://doi.org/" + text)
    normalize_url(text)
    normalize_url("https://example.org/" + text)
    assert normalize_title(normalize_title(text)) == normalize_title(text)


@given(st.sampled_from(["http://", "https://", "HTTPS://", " https://"]),
       st.sampled_from(["www.", "", "WWW.", "m."]),
       st.from_regex(r"[a-z0-9\-]{1,12}\.(org|com|de)", fullmatch=True),
       st.lists(st.from_regex(r"[A-Za-z0-9_.\-~]{0,10}", fullmatch=True), max_size=4),
       st.sampled_from(["", "/", "//"]))
def test_fast_url_identity_agrees_with_the_general_path(scheme, www, host, segments, tail):
    from lint_rules.identifiers import _normalize_url_parsed

    url = f"{scheme}{www}{host}/{'/'.join(segments)}{tail}"
    assert normalize_url(url) == _normalize_url_parsed(url)
