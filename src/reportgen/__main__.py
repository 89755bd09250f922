"""Allow ``python -m reportgen``."""

from .cli import main

if __name__ == "__main__":  # a spawned worker (not Linux) imports it as __mp_main__
    main()
