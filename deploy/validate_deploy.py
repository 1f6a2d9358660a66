#!/usr/bin/env python3
"""Checks the deployment files without Docker, Helm or a cluster: what can be checked by reading them.

  docker-compose.yml   parses; every build names docker/Dockerfile and one of its stages; bind-mounted paths exist;
                       the job's --options are keys the job, the Redis store or the inference client define
  helm/nearline-recall Chart.yaml and values.yaml parse; every .Values reference in templates exists in values.yaml;
                       template actions are balanced; the rules file copy equals user-tiering's
  model repository     the catalogue sample parses with the same reader the servers use

Usage: python3 deploy/validate_deploy.py [repository root]. Exit 0 when clean, 1 with every problem listed.
Needs PyYAML (Debian: python3-yaml).
"""

import os
import re
import sys

import yaml


def option_keys(root):
    """Keys the job accepts: JobOptions, the recall store's redis.* options and the client's triton.* options."""
    sources = {
        "flink-jobs/src/main/java/io/nearline/recall/job/JobOptions.java": r'key\("([^"]+)"\)',
        "redis-cache/src/main/java/io/nearline/recall/cache/RedisOptions.java": r'key\("([^"]+)"\)',
        "triton-client/README.md": r"^\| `(triton\.[a-z.-]+)` \|",
    }
    keys = set()
    for path, pattern in sources.items():
        with open(os.path.join(root, path), encoding="utf-8") as file:
            keys.update(re.findall(pattern, file.read(), re.MULTILINE))
    return keys


def check_compose(root, problems):
    with open(os.path.join(root, "docker-compose.yml"), encoding="utf-8") as file:
        compose = yaml.safe_load(file)
    with open(os.path.join(root, "docker/Dockerfile"), encoding="utf-8") as file:
        stages = set(re.findall(r"^FROM \S+ AS (\S+)", file.read(), re.MULTILINE | re.IGNORECASE))
    known = option_keys(root)
    for name, service in compose["services"].items():
        build = service.get("build")
        if build:
            if build.get("dockerfile") != "docker/Dockerfile" or build.get("target") not in stages:
                problems.append("compose %s: build must be docker/Dockerfile with a stage of %s" % (name, sorted(stages)))
        for volume in service.get("volumes", []):
            host = volume.split(":")[0]
            if host.startswith("./") and not os.path.exists(os.path.join(root, host)):
                problems.append("compose %s: mounts %s which does not exist" % (name, host))
        for port in service.get("ports", []):
            # a playground's Redis, Kafka listener and Flink REST API (which takes jar uploads) are not for the network
            if not str(port).startswith("127.0.0.1:"):
                problems.append("compose %s: port %s is published on every interface; bind it to 127.0.0.1" % (name, port))
        command = service.get("command") or []
        if isinstance(command, list) and "standalone-job" in command:
            for argument in command:
                if argument.startswith("--") and argument not in ("--job-classname",) \
                        and argument[2:] not in known:
                    problems.append("compose %s: job option %s is defined nowhere" % (name, argument))


def lookup(values, path):
    node = values
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def check_chart(root, problems):
    chart = os.path.join(root, "helm/nearline-recall")
    for name in ("Chart.yaml", "values.yaml"):
        with open(os.path.join(chart, name), encoding="utf-8") as file:
            loaded = yaml.safe_load(file)
        if name == "values.yaml":
            values = loaded
        elif loaded.get("apiVersion") != "v2" or not loaded.get("version"):
            problems.append("Chart.yaml: needs apiVersion v2 and a version")
    templates = os.path.join(chart, "templates")
    for name in sorted(os.listdir(templates)):
        with open(os.path.join(templates, name), encoding="utf-8") as file:
            text = file.read()
        if text.count("{{") != text.count("}}"):
            problems.append("%s: %d '{{' but %d '}}'" % (name, text.count("{{"), text.count("}}")))
        for path in sorted(set(re.findall(r"\$?\.Values\.([A-Za-z0-9_.]+)", text))):
            if not lookup(values, path):
                problems.append("%s: .Values.%s is not in values.yaml" % (name, path))
        opened = len(re.findall(r"{{-?\s*(if|range|with|define)\b", text))
        closed = len(re.findall(r"{{-?\s*end\b", text))
        if opened != closed:
            problems.append("%s: %d if/range/with/define but %d end" % (name, opened, closed))
    rules = values["rules"]["file"]
    with open(os.path.join(chart, "files", rules), encoding="utf-8") as copy, \
            open(os.path.join(root, "user-tiering/src/main/resources/rules", rules), encoding="utf-8") as source:
        if copy.read() != source.read():
            problems.append("helm files/%s differs from user-tiering/src/main/resources/rules/%s" % (rules, rules))


def check_catalogue(root, problems):
    sys.path.insert(0, os.path.join(root, "triton-models/model-repository"))
    from nearline_recall.catalogue import CatalogueError, parse

    path = os.path.join(root, "deploy/catalogue/in-delivery.txt")
    with open(path, encoding="utf-8") as file:
        try:
            parse(file.read(), path)
        except CatalogueError as error:
            problems.append(str(error))


def main(argv):
    root = os.path.abspath(argv[0] if argv else os.path.join(os.path.dirname(__file__), ".."))
    problems = []
    for check in (check_compose, check_chart):
        check(root, problems)
    try:
        import torch  # noqa: F401  (nearline_recall's trie module imports torch)
        check_catalogue(root, problems)
    except ImportError:
        print("catalogue sample not checked: no torch in this python")
    for problem in problems:
        print("PROBLEM " + problem)
    print("deployment files: %d problem(s)" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
