"""Comment reading speed: how many live comments a second one core reads (issue 5's floor: 20,000).

    .venv/bin/python bench/live_parse.py [--comments 200000] [--smoke]

Reads a flood made of the shapes buyers write (orders with codes, quantities in digits and words,
units, several items, phones; cancels; questions; greetings and emoji), in proportions of a busy
live session: about a third orders. Prints comments/s and the share of each intent read.
``--smoke``: 5,000 comments, to check that it runs.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import machine, provenance

PINS = [("A1", "Khoai sâm Sìn Hồ", "kg"), ("A2", "Chè Shan tuyết Tả Phìn", "gói"), ("A3", "Mật ong bạc hà", "chai")]
ORDERS = [
    "chốt {c}", "chot {c} x{n}", "CHỐT {c} X {n}", "{c} {n}", "{c} sl {n}", "{c}*{n}", "Chốt {n} {c}",
    "em lấy hai gói {c} nhé", "chốt {c} {n}kg 09{p}", "lấy {n}kg khoai sâm", "chốt {c} x{n}, A3 x1",
]  # fmt: skip
OTHERS = [
    "huỷ {c}", "{c} còn không shop?", "giá {c} bao nhiêu", "chào shop ạ", "đẹp quá 😍😍", "ship về Hà Nội bao lâu?",
    "hay quá", "❤️❤️❤️", "mình ở Sìn Hồ nè", "shop ơi cho xem lại {c}", "ngon lắm", "bao giờ có hàng mới",
]  # fmt: skip


def flood(count: int, rng: random.Random) -> list[str]:
    comments = []
    for _ in range(count):
        shape = rng.choice(ORDERS) if rng.random() < 0.33 else rng.choice(OTHERS)
        comments.append(
            shape.format(
                c=rng.choice(("A1", "A2", "a3", "B9")), n=rng.randint(1, 5), p=rng.randint(10_000_000, 99_999_999)
            )
        )
    return comments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--smoke", action="store_true", help="5,000 comments")
    args = parser.parse_args()
    if args.smoke:
        args.comments = 5000
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from chophien.live.comments import CommentReader, Pin

    reader = CommentReader([Pin(*pin) for pin in PINS])
    comments = flood(args.comments, random.Random(5))
    for text in comments[:1000]:
        reader.read(text)  # warm up
    started = time.perf_counter()
    intents = Counter(reader.read(text).intent for text in comments)
    seconds = time.perf_counter() - started
    rate = len(comments) / seconds
    print(f"run:     {provenance()}")
    print(f"machine: {machine()} (one process, one core)")
    print(f"read {len(comments)} comments in {seconds:.2f} s: {rate:,.0f} comments/s")
    print("intents: " + ", ".join(f"{intent} {n / len(comments):.0%}" for intent, n in intents.most_common()))
    print(f"floor, 20,000 comments/s on one core: {'met' if rate >= 20_000 else 'NOT met'} ({rate:,.0f})")


if __name__ == "__main__":
    main()
