# The incident table rebuilt for bulk import: a 64-bit hash as the primary key (the natural key), no
# database constraints or indexes on its foreign keys. Incidents are only ever written by the importer,
# and none existed before this migration, so the table is recreated rather than altered.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('atlas', '0001_initial'),
        ('places', '0001_initial'),
    ]

    operations = [
        migrations.DeleteModel(name='Incident'),
        migrations.CreateModel(
            name='Incident',
            fields=[
                ('natural_key', models.BigIntegerField(primary_key=True, serialize=False)),
                ('occurred_on', models.DateField()),
                ('month', models.PositiveIntegerField()),
                ('lat', models.FloatField(blank=True, null=True)),
                ('lon', models.FloatField(blank=True, null=True)),
                ('batch', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='atlas.databatch')),
                ('category', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='atlas.harmcategory')),
                ('region', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.region')),
            ],
            options={
                'verbose_name': 'incident',
                'verbose_name_plural': 'incidents',
            },
        ),
    ]
