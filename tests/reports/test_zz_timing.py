import datetime as dt, time
from hamafza.meetings import services
from hamafza.reports import followup, render
from tests.reports.conftest import add_resolution

def test_timing(body, meeting, secretary, officer, other_officer, police, welfare, education, today):
    days = dt.timedelta
    for n in range(1, 201):
        lead, sup = (police, welfare) if n % 2 else (welfare, police)
        r = add_resolution(meeting, secretary, n, f"مصوبه شماره {n}: پیشگیری از آسیب‌های اجتماعی در محلات هدف با همکاری دستگاه‌های عضو و پیگیری ماهانه", [(lead, "lead", today + days(n % 40 - 20)), (sup, "supporting", today + days(30)), ])
        if n % 3:
            a = r.assignments.get(role="lead")
            services.submit_progress(a, by=officer if a.organization == police else other_officer, percent=50, note="گزارش پیشرفت کار: جلسات برگزار شد و اقدامات اولیه انجام گرفت " * 2)
    start, end = today - days(90), today
    t = time.perf_counter(); rep = followup.gather(body, start, end); g = time.perf_counter() - t
    t = time.perf_counter(); pdf = render.render(body, start, end, "pdf"); p = time.perf_counter() - t
    t = time.perf_counter(); x = render.render(body, start, end, "xlsx"); xl = time.perf_counter() - t
    import pdfplumber, io
    pages = len(pdfplumber.open(io.BytesIO(pdf)).pages)
    print(f"\nTIMING rows={len(rep.all_rows)} gather={g:.3f}s pdf={p:.2f}s ({pages} pages, {len(pdf)//1024} KiB) xlsx={xl:.2f}s ({len(x)//1024} KiB)")
