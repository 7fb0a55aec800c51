"""Show a condition as an indented outline an analyst can read ("all of", "any of", "not")."""

from __future__ import annotations

from foedus.rules.syntax import Junction, Node, Not, parse


def outline(text: str, indent: str = "  ") -> str:
    tree = parse(text)
    lines: list[str] = []

    def walk(node: Node, depth: int) -> None:
        pad = indent * depth
        if isinstance(node, Junction):
            lines.append(f"{pad}{'all of' if node.op == 'and' else 'any of'}:")
            for operand in node.operands:
                walk(operand, depth + 1)
        elif isinstance(node, Not):
            lines.append(f"{pad}not:")
            walk(node.operand, depth + 1)
        else:
            lines.append(pad + "- " + " ".join(text[node.start : node.end].split()))

    walk(tree, 0)
    return "\n".join(lines)
