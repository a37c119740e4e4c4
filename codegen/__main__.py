import sys

if sys.argv[1:2] == ["package"]:
    from codegen.package import main as package

    raise SystemExit(package(sys.argv[2:]))

from codegen.cli import main

raise SystemExit(main())
