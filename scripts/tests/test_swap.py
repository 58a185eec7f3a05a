"""A folder swapped in whole: the name always shows one complete version."""

from __future__ import annotations

from pathlib import Path

import swap


def written(final: Path, text: str) -> Path:
    staging = swap.staging_folder(final)
    (staging / "page.html").write_text(text)
    return staging


def test_the_name_shows_the_new_folder_and_the_old_one_goes(tmp_path: Path) -> None:
    final = tmp_path / "dashboard"
    first = written(final, "first")
    swap.swap_in(first, final)
    assert final.is_symlink() and (final / "page.html").read_text() == "first"
    second = written(final, "second")
    swap.swap_in(second, final)
    assert (final / "page.html").read_text() == "second"
    assert not first.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["dashboard", second.name]
    )


def test_a_plain_folder_from_before_is_replaced(tmp_path: Path) -> None:
    final = tmp_path / "published"
    final.mkdir()
    (final / "old.parquet").write_text("old")
    swap.swap_in(written(final, "new"), final)
    assert final.is_symlink()
    assert [path.name for path in final.iterdir()] == ["page.html"]
    assert len(list(tmp_path.iterdir())) == 2
