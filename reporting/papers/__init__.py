"""The papers the council circulates, for any quarter: Appendix 1, the Scrutiny Action Plan and the
change report, as Word, Excel, CSV and a print page."""
