"""Document and annotation formats shared by the readers, the evaluator and the validator."""
