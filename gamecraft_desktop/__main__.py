from gamecraft_desktop.cli.main import main

raise SystemExit(main())
