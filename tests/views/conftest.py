from tests.fixtures.example import example, example_analysis

__all__ = ["example", "example_analysis"]
