"""The lexer: tokens as strings in one pass, positions only when a message needs them."""

from __future__ import annotations

from tracer.core.lexer import Tokens, describe, ends_statement, tokenize


def test_tokens_are_the_strings_as_written():
    tokens = Tokens("a = x*2  # twice\n  b += c**2 <= 3")
    assert tokens.toks == ["a", "=", "x", "*", "2", "\n  ", "b", "+=", "c", "**", "2", "<=",
                           "3", ""]


def test_offsets_and_lines_are_found_on_demand():
    tokens = Tokens("a = 1\nbb = a")
    assert [tokens.offset(i) for i in range(len(tokens.toks))] == [0, 2, 4, 5, 6, 9, 11, 12]
    assert tokens.line(4) == 2 and tokens.adjacent(2) is False
    assert Tokens("3..4").adjacent(1)


def test_two_character_operators_are_one_token():
    toks = Tokens("a //= b % c // d ** e **= f ^= g %= h <= i").toks
    assert toks == ["a", "//=", "b", "%", "c", "//", "d", "**", "e", "**=", "f", "^=", "g",
                    "%=", "h", "<=", "i", ""]


def test_comments_and_continuations_are_space():
    assert Tokens("x + \\\n y # done").toks == ["x", "+", "y", ""]


def test_describe():
    assert describe("") == "the end of the formula" and describe("\n  ") == "the end of the line"
    assert describe("3") == "the number 3" and describe("x") == "the name 'x'"


def test_tokenize_gives_kinds_and_offsets():
    assert tokenize("x1 * 2") == [("name", "x1", 0), ("op", "*", 3), ("num", "2", 5),
                                  ("end", "", 6)]


def test_blank_lines_go_with_the_new_line_before_them():
    """A run of blank lines is one token, ending with the indentation of the next line that
    holds something: 30 MB of blank lines is one token, not 30 million. A comment line is
    space before the new line that ends it, as any comment."""
    tokens = Tokens("a = 1\n\n  \n# note\n\t\r\n    b = 2")
    assert tokens.toks == ["a", "=", "1", "\n\n  \n", "\n\t\r\n    ", "b", "=", "2", ""]
    assert tokens.line(5) == 6 and tokens.offset(5) == len("a = 1\n\n  \n# note\n\t\r\n    ")
    assert len(Tokens("\n" * 1_000_000 + "y = x").toks) == 5


def test_a_statement_ends_at_a_new_line_a_semicolon_or_the_end():
    toks = Tokens("a = 1; b = 2\n  c = 3").toks
    assert [t for t in toks if ends_statement(t)] == [";", "\n  ", ""]
    assert not any(ends_statement(t) for t in ("a", "=", "1", "(", ","))
