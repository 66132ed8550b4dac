// "OKR: New OKR File": an untitled OKR document from a template for the current quarter.

export function currentQuarter(now = new Date()): string {
  return `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
}

export function okrTemplate(period: string, team = 'My Team'): string {
  return `---
team: ${team}
owner: 
period: ${period}
parent: 
---

# ${team} — ${period}

## O1: 
Aligns: 

- KR1: Increase  from  to 
  - confidence: 50%
- KR2: Reduce  from  to 
  - confidence: 50%
- [ ] KR3: 
  - confidence: 50%
`;
}
