"""Edit a DOCX in LibreOffice through its Python-UNO bridge, as a reviewer would in Word.

Run with Debian's /usr/bin/python3 (python3-uno), not the project's virtual environment:

    python3 uno_edit.py PLAN.json

PLAN holds ``profile`` (a fresh LibreOffice user folder), ``input``, ``output``, optionally
``pdf`` (the edited document with every change accepted, as LibreOffice renders it) and ``steps``,
each one of:

    {"do": "replace", "find": "...", "with": "...", "author": "..."}   tracked
    {"do": "delete", "find": "...", "author": "..."}                   tracked
    {"do": "insert_after", "find": "...", "text": "...", "author": "..."}  tracked
    {"do": "comment", "find": "...", "text": "...", "author": "..."}
    {"do": "accept_all"}                           accept every change made so far
    {"do": "bold", "find": "...", "author": "..."} tracked formatting change

With no steps the document is opened and saved as it is. Prints a JSON report of what
LibreOffice saw (its tracked changes and bookmarks), for tests that read ``diff`` output.
"""

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def start(profile):
    if not os.path.isdir(profile):  # a new profile restarts soffice once: make it first
        subprocess.run(["soffice", "--headless", "--norestore", "--terminate_after_init",
                        f"-env:UserInstallation={url(profile)}"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    pipe = "rg" + uuid.uuid4().hex
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"-env:UserInstallation={url(profile)}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return proc, ctx
        except Exception:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("LibreOffice did not start")


def find(doc, text):
    search = doc.createSearchDescriptor()
    search.SearchString = text
    search.SearchCaseSensitive = True
    found = doc.findFirst(search)
    if found is None:
        raise SystemExit(f"not in the document: {text!r}")
    return found


def set_author(ctx, name):
    cfg = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    access = cfg.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    access.setPropertyValue("givenname", name)
    access.setPropertyValue("sn", "")
    access.commitChanges()


def step(ctx, doc, dispatcher, s):
    if s.get("author"):
        set_author(ctx, s["author"])
    do = s["do"]
    if do == "accept_all":
        dispatcher.executeDispatch(doc.CurrentController.Frame, ".uno:AcceptAllTrackedChanges",
                                   "", 0, ())
        return
    found = find(doc, s["find"])
    if do == "replace":
        found.setString(s["with"])
    elif do == "delete":
        found.setString("")
    elif do == "insert_after":
        found.getText().insertString(found.getEnd(), s["text"], False)
    elif do == "bold":
        found.CharWeight = 150.0
    elif do == "comment":  # a comment is not a tracked change (LibreOffice 7.4 crashes if it is)
        recording, doc.RecordChanges = doc.RecordChanges, False
        note = doc.createInstance("com.sun.star.text.textfield.Annotation")
        note.Author = s.get("author", "")
        note.Content = s["text"]
        found.getText().insertTextContent(found, note, True)
        doc.RecordChanges = recording


def seen(doc):
    changes = []
    redlines = doc.getRedlines()
    for i in range(redlines.getCount()):
        r = redlines.getByIndex(i)
        changes.append({"type": r.getPropertyValue("RedlineType"),
                        "author": r.getPropertyValue("RedlineAuthor")})
    marks = list(doc.getBookmarks().getElementNames())
    return {"changes": changes, "bookmarks": marks, "text": doc.getText().getString()}


def main():
    with open(sys.argv[1]) as fh:
        plan = json.load(fh)
    proc, ctx = start(plan["profile"])
    try:
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx)
        doc = desktop.loadComponentFromURL(url(plan["input"]), "_blank", 0,
                                           (prop("Hidden", True),))
        if plan.get("steps"):
            doc.RecordChanges = True
        for s in plan.get("steps", []):
            step(ctx, doc, dispatcher, s)
        report = seen(doc)
        if plan.get("output"):
            doc.storeToURL(url(plan["output"]), (prop("FilterName", "MS Word 2007 XML"),))
        if plan.get("pdf"):
            doc.RecordChanges = False
            dispatcher.executeDispatch(doc.CurrentController.Frame,
                                       ".uno:AcceptAllTrackedChanges", "", 0, ())
            doc.storeToURL(url(plan["pdf"]), (prop("FilterName", "writer_pdf_Export"),))
        doc.close(True)
        print(json.dumps(report))
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
