"""Hostile XML documents: entity expansion, external entities and DTDs. Every
XML decoder and the AlphaSMS emulator must refuse them all."""

from __future__ import annotations

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<package><job><progress>1</progress><status>&lol9;</status></job></package>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE package [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<package><job><progress>1</progress><status>&secret;</status></job></package>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE package SYSTEM "http://127.0.0.1:9/alphasms.dtd">
<package><job><progress>1</progress><status>RUNNING</status></job></package>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE package [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>
<package><error>201</error></package>"""
INTERNAL_DTD_ONLY = b"""<?xml version="1.0"?>
<!DOCTYPE package [<!ELEMENT package ANY>]>
<package><error>201</error></package>"""
UNDECLARED_ENTITY = b"<package><error>&xxe;</error></package>"
ATTACKS = {
    "billion laughs": BILLION_LAUGHS,
    "external entity": EXTERNAL_ENTITY,
    "external DTD": EXTERNAL_DTD,
    "parameter entity": PARAMETER_ENTITY,
    "internal DTD": INTERNAL_DTD_ONLY,
    "undeclared entity": UNDECLARED_ENTITY,
}
