"""Annual goals (برنامه سالانه) and the year-end review (آسیب‌شناسی پایان سال), seed 003.

An organisation's programme for a Jalali year holds goals, each measured by one or more measures against
a baseline and a target; a national programme is adopted by the organisations under it, each with its
own targets; measures computed from Hamafza's data are filled in by themselves, the others reported
quarterly; at the year's end each goal is reviewed and the chosen ones carried into next year.
"""
