"""The gated fine-tune run: ``data`` (feedback triplets and catalog pairs), ``training`` (the
budgeted fine-tuning loops), ``evaluation`` (candidate vs live on the golden set) and
``finetune`` (the run that wires them). The registry and the gate it promotes through are
:mod:`personalization.retraining`.
"""
