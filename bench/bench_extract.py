"""Speed of tipnet.intake.extract on ~1,000-character narratives (issue 5: 100,000 contacts).

    .venv/bin/python bench/bench_extract.py [runs]

Prints microseconds per narrative for entities(), triage() and shingles(), median of runs.
No database, no Django setup: the extractor is pure.
"""

from __future__ import annotations

import statistics
import sys
import time

from tipnet.intake.extract import entities, shingles, triage

NARRATIVES = [
    "Caller (her brother) says Sita, 17, left Biratnagar in March with an agent who promised "
    "work in a hotel in Kuala Lumpur. He paid Rs 2,00,000 and the agent asked 1500 dollars "
    "more. She called last night from nine eight four one two three four five six seven and "
    "said they took her passport and she can't leave the house, they are moving her to Dubai "
    "tonight. The agent uses insta: kl_jobs_2024 and the number +977-98four1234568, e-mail "
    "agent dot raj at gmail dot com, and advertises on www.GoodJobsAbroad.example.com/ads/77. "
    "Car seen: BA 2 PA 1234. Another girl from Pokhara is with her. She is not injured. ",
    "Llamó una mujer desde Tapachula: su hija está encerrada en un bar en Ciudad de México, "
    "le quitaron el pasaporte y le cobran una deuda de 3 millones de pesos. El número del "
    "reclutador es 55 1234 5678 y usa fb.com/trabajos.mx. Dice que me pegan y que esta noche "
    "la van a mover a Tijuana. También mencionó Guatemala y un carro con placas. Elle parle "
    "aussi français: elle est enfermée, aidez moi. Ella dice que no puede salir. ",
    "اتصلت امرأة من الرياض وقالت إن صديقتها محتجزة في منزل في جدة وأخذوا جواز سفري. "
    "رقم الهاتف ٠٥٠١٢٣٤٥٦٧ والراتب لم يدفعوا منذ ستة أشهر، ٣٠٠٠ ريال. She came from "
    "Colombo via Doha. The employer said AED 15,000 for the visa. Call back on 050 123 4567 "
    "after 6pm, not before. Her sister in Kathmandu knows. محبوسة منذ أسبوع.",
]


def pad(text: str, n: int = 1000) -> str:
    return (text * (n // len(text) + 1))[:n]


def bench(fn, texts, runs: int) -> float:
    per = []
    for _ in range(runs):
        t = time.perf_counter()
        for text in texts:
            fn(text)
        per.append((time.perf_counter() - t) / len(texts) * 1e6)
    return statistics.median(per)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    texts = [pad(t) for t in NARRATIVES]
    for t in texts:  # warm the caches (data files, compiled patterns)
        entities(t, region="NP")
        triage(t, set())
    print(f"narratives: {len(texts)} x {len(texts[0])} characters, median of {runs} runs")
    with_region = bench(lambda t: entities(t, region="NP"), texts, runs)
    print(f"entities(region='NP'): {with_region:8.0f} µs")
    print(f"entities(region=''):   {bench(lambda t: entities(t), texts, runs):8.0f} µs")
    print(f"triage():              {bench(lambda t: triage(t, {'child'}), texts, runs):8.0f} µs")
    print(f"shingles():            {bench(shingles, texts, runs):8.0f} µs")


if __name__ == "__main__":
    main()
