"""`python -m bot.setup`: the spaCy pipeline, the risk model and the Rasa model, each when
its inputs changed."""

from bot.safety.train_risk_model import ensure_risk_model
from bot.settings import load_settings
from bot.setup.spacy_pipeline import build_pipeline
from bot.setup.training import train_if_needed
from bot.storage.migrate import upgrade


def main() -> None:
    settings = load_settings()
    if build_pipeline(settings.spacy_model_dir):
        print(f"==> built the spaCy pipeline in {settings.spacy_model_dir}")
    else:
        print("==> spaCy pipeline up to date")
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    print("==> database schema up to date")
    ensure_risk_model()  # before Rasa: its safety component loads the risk model
    train_if_needed(settings.models_dir)


if __name__ == "__main__":
    main()
