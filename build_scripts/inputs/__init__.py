"""Inputs: source files of any format → decoded report text, with the page chrome around it found."""
