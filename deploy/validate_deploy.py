#!/usr/bin/env python3
"""Checks the deployment files without Docker, Helm or a cluster: what can be checked by reading them.

  docker-compose.yml   parses; every build names docker/Dockerfile and one of its stages; bind-mounted paths exist;
                       every published port is bound to 127.0.0.1; no secret is written in it (only ${VAR:?...}
                       from the environment or .env, and the job's ${env:NAME} references); the init, the producer
                       and the services that need the init's files (waiting for it to complete) are there; the
                       topics the job reads and writes are the ones the init creates; every --option given to the
                       job, the inference server, the init and the producer is one that program defines
  helm/nearline-recall Chart.yaml and values.yaml parse; every .Values reference in templates exists in values.yaml;
                       template actions are balanced; the rules file copy equals user-tiering's
  model repository     the catalogue sample parses with the same reader the servers use

Usage: python3 deploy/validate_deploy.py [repository root] [--compose FILE]  (FILE instead of the root's
docker-compose.yml). Exit 0 when clean, 1 with every problem listed.
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


SECRET = re.compile(r"PASSWORD|SECRET|TOKEN", re.IGNORECASE)
REQUIRED_REFERENCE = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*:\?[^}]+\}$")
ENV_REFERENCE = re.compile(r"^\$\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$")


def read(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as file:
        return file.read()


def picocli_options(root, path):
    return set(re.findall(r'names = "(--[a-z-]+)"', read(root, path))) | {"--help", "--version"}


def server_options(root):
    path = "triton-models/src/main/java/io/nearline/recall/server/LocalServerOptions.java"
    return {"--" + key for key in re.findall(r'key\("server\.([^"]+)"\)', read(root, path))}


def job_topics(root):
    """The job's topic options (constant, key, default), and the constants ClusterInit creates topics from."""
    options = read(root, "flink-jobs/src/main/java/io/nearline/recall/job/JobOptions.java")
    topics = re.findall(r'(\w+_TOPIC) = ConfigOptions\.key\("(topics\.[^"]+)"\)\s*\.stringType\(\)\.defaultValue\("([^"]+)"\)',
                        options)
    created = set(re.findall(r"JobOptions\.(\w+_TOPIC)",
                             read(root, "recall-demo/src/main/java/io/nearline/recall/demo/ClusterInit.java")))
    return topics, created


def environment_of(service):
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    return environment


def arguments_of(service):
    command = service.get("command") or []
    return [str(argument) for argument in command] if isinstance(command, list) else str(command).split()


def check_secrets(name, service, problems):
    for key, value in environment_of(service).items():
        if SECRET.search(key) and not REQUIRED_REFERENCE.match(str(value)):
            problems.append("compose %s: %s must come from the environment or .env as ${%s:?message}, not be written"
                            " here" % (name, key, key))
    arguments = arguments_of(service)
    for i, argument in enumerate(arguments):
        option, _, inline = argument.partition("=")
        if option.startswith("--") and SECRET.search(option) and not option.endswith("-env"):
            value = inline if inline else (arguments[i + 1] if i + 1 < len(arguments) else "")
            if not ENV_REFERENCE.match(value):
                problems.append("compose %s: %s is given a literal; pass $${env:NAME} (the job resolves it) or the"
                                " name of an environment variable" % (name, option))


def check_topology(root, services, problems):
    init = services.get("init")
    if not init or "io.nearline.recall.demo.ClusterInit" not in arguments_of(init):
        problems.append("compose: no init service running io.nearline.recall.demo.ClusterInit")
    producer = services.get("producer")
    if not producer or "io.nearline.recall.demo.ClusterProducer" not in arguments_of(producer):
        problems.append("compose: no producer service running io.nearline.recall.demo.ClusterProducer")
    for name in ("inference", "jobmanager", "producer", "rules-publisher"):
        depends = (services.get(name) or {}).get("depends_on") or {}
        condition = depends.get("init", {}).get("condition") if isinstance(depends, dict) else None
        if condition != "service_completed_successfully":
            problems.append("compose %s: must wait for init (depends_on: init: condition:"
                            " service_completed_successfully), whose files and topics it needs" % name)
    topics, created = job_topics(root)
    if not topics:
        problems.append("JobOptions: no topics.* options found; the topic check reads them")
    for constant, key, default in topics:
        if constant not in created:
            problems.append("ClusterInit does not create %s (%s): the job refuses to start without it" % (default, key))
    defaults = {key: default for _, key, default in topics}
    job = arguments_of(services.get("jobmanager") or {})
    for i, argument in enumerate(job[:-1]):
        if argument[2:] in defaults and job[i + 1] != defaults[argument[2:]]:
            problems.append("compose jobmanager: %s %s is not a topic the init creates (%s)"
                            % (argument, job[i + 1], defaults[argument[2:]]))
    publisher = " ".join(arguments_of(services.get("rules-publisher") or {}))
    if publisher and "--topic %s" % defaults.get("topics.rules") not in publisher:
        problems.append("compose rules-publisher: publishes to another topic than the job's topics.rules (%s)"
                        % defaults.get("topics.rules"))


def check_program_options(root, services, problems):
    programs = {
        "io.nearline.recall.demo.ClusterInit": picocli_options(
            root, "recall-demo/src/main/java/io/nearline/recall/demo/ClusterInit.java"),
        "io.nearline.recall.demo.ClusterProducer": picocli_options(
            root, "recall-demo/src/main/java/io/nearline/recall/demo/ClusterProducer.java"),
    }
    for name, service in services.items():
        arguments = arguments_of(service)
        known = next((options for main, options in programs.items() if main in arguments), None)
        build = service.get("build") or {}
        if known is None and build.get("target") == "local-server":
            known = server_options(root)
        if known is None:
            continue
        for argument in arguments:
            option = argument.split("=", 1)[0]
            if option.startswith("--") and option not in known:
                problems.append("compose %s: option %s is not one the program defines" % (name, option))


def check_compose(root, problems, compose_file=None):
    with open(compose_file or os.path.join(root, "docker-compose.yml"), encoding="utf-8") as file:
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
        check_secrets(name, service, problems)
        command = service.get("command") or []
        if isinstance(command, list) and "standalone-job" in command:
            for argument in command:
                if argument.startswith("--") and argument not in ("--job-classname",) \
                        and argument[2:] not in known:
                    problems.append("compose %s: job option %s is defined nowhere" % (name, argument))
    check_topology(root, compose["services"], problems)
    check_program_options(root, compose["services"], problems)
    if os.path.exists(os.path.join(root, ".env.example")):
        for line in read(root, ".env.example").splitlines():
            key, _, value = line.partition("=")
            if SECRET.search(key) and not line.startswith("#") and value.strip():
                problems.append(".env.example: %s has a value; an example must not ship a secret" % key)
    else:
        problems.append(".env.example is missing: compose takes its passwords from .env")


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
    compose_file = None
    if "--compose" in argv:
        at = argv.index("--compose")
        compose_file = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    root = os.path.abspath(argv[0] if argv else os.path.join(os.path.dirname(__file__), ".."))
    problems = []
    check_compose(root, problems, compose_file)
    check_chart(root, problems)
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
