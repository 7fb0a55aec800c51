"""Sample inputs shared by the negotiation tests."""

GOOD_YAML = """\
name: tiny
issues:
  - id: cap
    label: Army cap
    anchors: {0: none, 100: no cap}
    status_quo: 100
  - id: nato
actors:
  - id: USA
    capability: 10
    positions:
      cap: {position: 60, salience: 50, source: estimate}
      nato: {position: 0, salience: 80}
  - id: UKR
    capability: 4
    positions:
      cap: {position: 80, salience: 90}
      nato: {position: 100, salience: 90}
  - id: RUS
    capability: 6
    positions:
      cap: {position: 10, salience: 70}
      nato: {position: 0, salience: 100}
"""
