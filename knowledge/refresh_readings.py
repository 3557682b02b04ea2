"""`python -m knowledge.refresh_readings`: rewrite readings.json after editing the knowledge files."""

import knowledge
from knowledge.readings import CACHE, refresh

if __name__ == "__main__":
    print(f"{refresh(knowledge.Index.of(knowledge.load()).docs)} readings written to {CACHE}")
