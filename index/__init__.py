"""Index stage: passages in, ranked hits out (dense + lexical + fusion)."""
import os

# Nothing in this project may ever reach for a model hub.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
