"""Removes one part of every prompt of a samples JSONL (SampleCommand's output), for the prompt-feature table:
python3 recall-model/llm/ablate_prompt.py IN.jsonl OUT.jsonl profile|interests|content

The parts are the template's lines (recall-v1): "User:" (profile), "Interests:" (interest summary) and the
content-domain behaviours ("Earlier content:", "Recent content:"). Everything else, responses included, is kept."""

import json
import sys

PARTS = {
    "profile": ("User:",),
    "interests": ("Interests:",),
    "content": ("Earlier content:", "Recent content:"),
}


def ablate(prompt, part):
    labels = PARTS[part]
    return "\n".join(line for line in prompt.split("\n") if not line.startswith(labels))


def main(source, target, part):
    if part not in PARTS:
        raise SystemExit("part is one of %s, was %r" % (", ".join(PARTS), part))
    removed = 0
    with open(source, encoding="utf-8") as inp, open(target, "w", encoding="utf-8") as out:
        for line in inp:
            record = json.loads(line)
            for key in ("prompt", "chosenPrompt", "rejectedPrompt"):
                if key in record:
                    shorter = ablate(record[key], part)
                    removed += shorter != record[key]
                    record[key] = shorter
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print("%s: removed %s from %d prompts" % (target, part, removed))


if __name__ == "__main__":
    main(*sys.argv[1:4])
