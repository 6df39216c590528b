#!/usr/bin/env python3
"""Checks BPMN files against the OMG BPMN 2.0 XSD (the copy SpiffWorkflow ships) and, unless
--xsd-only, with SpiffWorkflow's BpmnParser (a workflow engine's parser: every process must
parse into a workflow spec). Usage: bpmn_check.py [--xsd-only] FILE.bpmn..."""

import os
import sys

import SpiffWorkflow
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


def main(argv):
    xsd_only = "--xsd-only" in argv
    files = [a for a in argv if a != "--xsd-only"]
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    schema_dir = os.path.join(os.path.dirname(SpiffWorkflow.__file__), "bpmn", "parser", "schema")
    schema = etree.XMLSchema(etree.parse(os.path.join(schema_dir, "BPMN20.xsd")))
    failed = 0
    for f in files:
        doc = etree.parse(f)
        problems = []
        if not schema.validate(doc):
            problems += [f"XSD line {e.line}: {e.message}" for e in schema.error_log]
        if not xsd_only and not problems:
            try:
                parser = BpmnParser()
                parser.add_bpmn_file(f)
                for process in doc.getroot().iter(BPMN + "process"):
                    parser.get_spec(process.get("id"))
            except Exception as e:  # the parser's own validation errors
                problems.append(f"SpiffWorkflow: {type(e).__name__}: {e}")
        if problems:
            failed += 1
            print(f"FAIL {f}: " + " | ".join(problems))
    checks = "the BPMN 2.0 XSD" + ("" if xsd_only else " and SpiffWorkflow's parser")
    print(f"{len(files) - failed} of {len(files)} files pass {checks}")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
