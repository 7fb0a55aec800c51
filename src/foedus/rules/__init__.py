"""The condition language: parse, type-check and compile to scalar (traced) and numpy evaluators."""
