"""`lkjcheck serve`: a local web page where a reviewer drops a report and reads, waives and downloads its findings.

Needs the optional extra ``lkjcheck[serve]`` (Starlette, uvicorn, Jinja2); no
other command imports this package.
"""
